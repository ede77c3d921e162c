// Expected: CWE-90 (LDAP injection), vulnerable. The username from the JSON body reaches a helper that appends it to the LDAP search filter, so input like "*)(uid=*" changes the filter.
package com.example.directory;

import java.util.ArrayList;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DirectoryLookupController {

    public record LookupRequest(String username) {}

    private final DirectoryService directory;

    public DirectoryLookupController(DirectoryService directory) {
        this.directory = directory;
    }

    @PostMapping("/api/directory/lookup")
    public List<String> lookup(@RequestBody LookupRequest request) throws NamingException {
        return directory.findDisplayNames(request.username());
    }

    @Service
    public static class DirectoryService {
        private final DirContext ctx;

        public DirectoryService(DirContext ctx) {
            this.ctx = ctx;
        }

        List<String> findDisplayNames(String username) throws NamingException {
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {"displayName"});
            NamingEnumeration<SearchResult> results =
                    ctx.search("ou=people,dc=example,dc=com", buildFilter(username), controls);
            List<String> names = new ArrayList<>();
            while (results.hasMore()) {
                Attribute attr = results.next().getAttributes().get("displayName");
                if (attr != null) {
                    names.add(String.valueOf(attr.get()));
                }
            }
            return names;
        }

        private static String buildFilter(String username) {
            return new StringBuilder("(&(objectClass=inetOrgPerson)(uid=").append(username).append("))").toString();
        }
    }
}
