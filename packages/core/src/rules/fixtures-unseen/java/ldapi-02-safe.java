// Expected: CWE-90 (LDAP injection), safe. Uses a filter template with {0} and filter arguments, which the provider escapes.
package com.example.directory;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GroupMembershipController {

    @GetMapping("/directory/member")
    public boolean isMember(@RequestParam String user) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldap://ldap.internal:389");
        DirContext ctx = new InitialDirContext(env);
        try {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            NamingEnumeration<SearchResult> res = ctx.search(
                    "ou=groups,dc=example,dc=com", "(&(cn=developers)(memberUid={0}))", new Object[] {user}, controls);
            return res.hasMore();
        } finally {
            ctx.close();
        }
    }
}
