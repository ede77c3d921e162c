// Expected: CWE-89 (SQL injection), vulnerable. The status and sortBy fields of the JSON filter pass through the service and are concatenated into the SQL string run by JdbcTemplate.queryForList.
package com.example.orders;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderSearchController {

    public record OrderFilter(String status, String sortBy, int limit) {}

    private final OrderService service;

    public OrderSearchController(OrderService service) {
        this.service = service;
    }

    @PostMapping("/api/orders/search")
    public List<Map<String, Object>> search(@RequestBody OrderFilter filter) {
        return service.search(filter);
    }

    @Service
    public static class OrderService {
        private final OrderRepository repository;

        public OrderService(OrderRepository repository) {
            this.repository = repository;
        }

        List<Map<String, Object>> search(OrderFilter f) {
            String status = f.status() == null ? "OPEN" : f.status().toUpperCase(Locale.ROOT);
            int limit = Math.min(Math.max(f.limit(), 1), 200);
            return repository.findByStatus(status, Objects.requireNonNullElse(f.sortBy(), "created_at"), limit);
        }
    }

    @Repository
    public static class OrderRepository {
        private final JdbcTemplate jdbc;

        public OrderRepository(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        List<Map<String, Object>> findByStatus(String status, String sortColumn, int limit) {
            String sql = "SELECT id, customer_id, total, status FROM orders WHERE status = '" + status
                    + "' ORDER BY " + sortColumn + " LIMIT " + limit;
            return jdbc.queryForList(sql);
        }
    }
}
