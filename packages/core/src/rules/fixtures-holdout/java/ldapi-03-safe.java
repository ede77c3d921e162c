// Expected: CWE-90 (LDAP injection), safe. The department name is escaped per RFC 4515 (backslash, '*', '(', ')', NUL) before it is concatenated into the filter.
package com.example.orgchart;

import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.stereotype.Service;

@Service
public class DepartmentDirectory {
    private final DirContext ctx;

    public DepartmentDirectory(DirContext ctx) {
        this.ctx = ctx;
    }

    public List<String> members(String department) throws NamingException {
        String filter = "(&(objectClass=person)(departmentNumber=" + escapeFilterValue(department) + "))";
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.ONELEVEL_SCOPE);
        NamingEnumeration<SearchResult> results = ctx.search("ou=staff,dc=example,dc=com", filter, controls);
        List<String> dns = new ArrayList<>();
        while (results.hasMore()) {
            dns.add(results.next().getNameInNamespace());
        }
        return dns;
    }

    static String escapeFilterValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\5c");
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
