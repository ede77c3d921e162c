// Expected: CWE-90 (LDAP injection), vulnerable. The e-mail query parameter is put into the search filter with String.format in a helper, unescaped.
package com.example.people;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PeopleLookupController {
    private static final String BASE_DN = "ou=people,dc=corp,dc=example";

    @GetMapping("/people/by-mail")
    public List<String> byMail(@RequestParam("mail") String mail) throws NamingException {
        DirContext ctx = open();
        try {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {"cn", "telephoneNumber"});
            NamingEnumeration<SearchResult> results = ctx.search(BASE_DN, personFilter(mail), controls);
            List<String> names = new ArrayList<>();
            while (results.hasMore()) {
                Attributes attrs = results.next().getAttributes();
                names.add(String.valueOf(attrs.get("cn").get()));
            }
            return names;
        } finally {
            ctx.close();
        }
    }

    private static String personFilter(String mail) {
        return String.format("(&(objectClass=inetOrgPerson)(!(employeeType=disabled))(mail=%s))", mail);
    }

    private static DirContext open() throws NamingException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldaps://ldap.corp.example:636");
        return new InitialDirContext(env);
    }
}
