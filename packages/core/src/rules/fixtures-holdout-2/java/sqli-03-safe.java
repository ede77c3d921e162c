// Expected: CWE-89 (SQL injection), safe. The customer name filter and country code are applied through the JPA Criteria API, which binds them as typed parameters rather than concatenating SQL.
package com.example.crm;

import java.util.ArrayList;
import java.util.List;
import javax.persistence.EntityManager;
import javax.persistence.criteria.CriteriaBuilder;
import javax.persistence.criteria.CriteriaQuery;
import javax.persistence.criteria.Predicate;
import javax.persistence.criteria.Root;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CustomerQueryController {
    private final EntityManager em;

    public CustomerQueryController(EntityManager em) {
        this.em = em;
    }

    @GetMapping("/api/customers")
    public List<Customer> find(
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "country", required = false) String country) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Customer> cq = cb.createQuery(Customer.class);
        Root<Customer> root = cq.from(Customer.class);
        List<Predicate> where = new ArrayList<>();
        if (name != null && !name.isBlank()) {
            where.add(cb.like(cb.lower(root.get("lastName")), "%" + name.toLowerCase() + "%"));
        }
        if (country != null) {
            where.add(cb.equal(root.get("countryCode"), country));
        }
        cq.select(root).where(where.toArray(new Predicate[0])).orderBy(cb.asc(root.get("lastName")));
        return em.createQuery(cq).setMaxResults(200).getResultList();
    }

    @javax.persistence.Entity
    public static class Customer {
        @javax.persistence.Id
        Long id;
        String lastName;
        String countryCode;
    }
}
