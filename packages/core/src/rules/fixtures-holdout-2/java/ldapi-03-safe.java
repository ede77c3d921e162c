// Expected: CWE-90 (LDAP injection), safe. The username is supplied through the {0} filter argument of DirContext.search, which the JNDI provider escapes per RFC 4515 before building the filter.
package com.example.auth;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AccountLookupController {
    private static final String BASE_DN = "ou=people,dc=example,dc=com";
    private static final String FILTER = "(&(objectClass=inetOrgPerson)(uid={0}))";
    private final DirContext directory;

    public AccountLookupController(DirContext directory) {
        this.directory = directory;
    }

    @GetMapping("/api/accounts/dn")
    public ResponseEntity<String> lookup(@RequestHeader("X-Username") String username) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.ONELEVEL_SCOPE);
        controls.setCountLimit(1);
        NamingEnumeration<SearchResult> results =
                directory.search(BASE_DN, FILTER, new Object[] {username}, controls);
        if (!results.hasMore()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok(results.next().getNameInNamespace());
    }
}
