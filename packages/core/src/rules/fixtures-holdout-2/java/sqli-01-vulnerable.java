// Expected: CWE-89 (SQL injection), vulnerable. The search term from the query string is passed to a helper that concatenates it inside a LIKE literal executed by JdbcTemplate.queryForList, so a quote breaks out of the string.
package com.example.inventory;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProductSearchController {
    private final JdbcTemplate jdbcTemplate;

    public ProductSearchController(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/api/products/search")
    public List<Map<String, Object>> search(
            @RequestParam("q") String term,
            @RequestParam(name = "inStock", defaultValue = "false") boolean inStock) {
        String where = buildWhere(term.trim(), inStock);
        return jdbcTemplate.queryForList("SELECT id, sku, name, price FROM products " + where + " LIMIT 100");
    }

    private static String buildWhere(String term, boolean inStock) {
        String clause = "WHERE lower(name) LIKE lower('%" + term + "%')";
        return inStock ? clause + " AND stock > 0" : clause;
    }
}
