// Expected: CWE-89 (SQL injection), safe. The e-mail is a named JPQL parameter; the sort field comes from an enum (valueOf rejects anything else) whose column names are constants.
package com.example.users;

import java.util.List;
import java.util.Locale;
import javax.persistence.EntityManager;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class UserAdminController {
    private final EntityManager entityManager;

    public UserAdminController(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    enum SortField {
        EMAIL("u.email"),
        CREATED("u.createdAt"),
        LAST_LOGIN("u.lastLoginAt");

        private final String path;

        SortField(String path) {
            this.path = path;
        }
    }

    @GetMapping("/admin/users")
    public ResponseEntity<List<?>> search(
            @RequestParam("domain") String domain, @RequestParam(name = "sort", defaultValue = "email") String sort) {
        SortField field;
        try {
            field = SortField.valueOf(sort.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        }
        List<?> users = entityManager
                .createQuery("SELECT u FROM AppUser u WHERE u.email LIKE :pattern ORDER BY " + field.path)
                .setParameter("pattern", "%@" + domain)
                .setMaxResults(50)
                .getResultList();
        return ResponseEntity.ok(users);
    }
}
