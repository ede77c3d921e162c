// Expected: CWE-90 (LDAP injection), safe. The uid and optional department are bound through LdapQueryBuilder where(...).is(...), which encodes LDAP filter metacharacters.
package com.example.people;

import java.util.List;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.query.ContainerCriteria;
import org.springframework.ldap.query.LdapQueryBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class PeopleSearchController {

    public record Person(String uid, String commonName, String mail) {}

    private final LdapTemplate ldap;

    public PeopleSearchController(LdapTemplate ldap) {
        this.ldap = ldap;
    }

    @GetMapping("/people")
    public List<Person> search(@RequestParam("uid") String uid,
            @RequestParam(name = "dept", required = false) String dept) {
        ContainerCriteria criteria = LdapQueryBuilder.query()
                .base("ou=people")
                .attributes("uid", "cn", "mail")
                .countLimit(25)
                .where("objectClass").is("inetOrgPerson")
                .and("uid").is(uid);
        if (dept != null && !dept.isBlank()) {
            criteria = criteria.and("departmentNumber").is(dept);
        }
        AttributesMapper<Person> mapper = attrs -> new Person(
                (String) attrs.get("uid").get(),
                (String) attrs.get("cn").get(),
                attrs.get("mail") == null ? null : (String) attrs.get("mail").get());
        return ldap.search(criteria, mapper);
    }
}
