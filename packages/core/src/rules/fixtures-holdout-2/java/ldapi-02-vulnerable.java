// Expected: CWE-90 (LDAP injection), vulnerable. The group path variable and mail query parameter are appended unescaped to a StringBuilder filter passed to LdapTemplate.search, allowing filter manipulation.
package com.example.directory;

import java.util.List;
import javax.naming.directory.Attributes;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GroupMembershipController {
    private final LdapTemplate ldapTemplate;

    public GroupMembershipController(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/api/groups/{group}/members")
    public List<String> members(
            @PathVariable("group") String group,
            @RequestParam(name = "mail", required = false) String mailPrefix) {
        String filter = memberFilter(group, mailPrefix);
        AttributesMapper<String> toCn = (Attributes attrs) -> (String) attrs.get("cn").get();
        return ldapTemplate.search("ou=people", filter, toCn);
    }

    private static String memberFilter(String group, String mailPrefix) {
        StringBuilder sb = new StringBuilder("(&(objectClass=person)");
        sb.append("(memberOf=cn=").append(group).append(",ou=groups,dc=example,dc=com)");
        if (mailPrefix != null && !mailPrefix.isBlank()) {
            sb.append("(mail=").append(mailPrefix).append("*)");
        }
        return sb.append(')').toString();
    }
}
