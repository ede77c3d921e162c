// Expected: CWE-89 (SQL injection), vulnerable. The status query parameter is concatenated into a JPQL string passed to EntityManager.createQuery.
package com.example.orders;

import java.util.List;
import javax.persistence.EntityManager;
import javax.persistence.PersistenceContext;
import javax.persistence.TypedQuery;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CustomerOrdersController {
    @PersistenceContext
    private EntityManager em;

    @GetMapping("/customers/{customerId}/orders")
    @Transactional(readOnly = true)
    public List<Object[]> orders(
            @PathVariable long customerId,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "20") int limit) {
        return findForCustomer(customerId, status, limit);
    }

    private List<Object[]> findForCustomer(long customerId, String status, int limit) {
        String jpql = "SELECT o.id, o.status, o.total FROM CustomerOrder o WHERE o.customer.id = :customerId";
        if (status != null && !status.isEmpty()) {
            jpql += " AND o.status = '" + status + "'";
        }
        TypedQuery<Object[]> query = em.createQuery(jpql + " ORDER BY o.createdAt DESC", Object[].class);
        query.setParameter("customerId", customerId);
        query.setMaxResults(Math.min(limit, 100));
        return query.getResultList();
    }
}
