// Expected: CWE-89 (SQL injection), safe. Sort column chosen from an allow-list; the search term is a bound JdbcTemplate argument.
package com.example.shop;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CatalogController {
    private static final Set<String> SORTABLE = Set.of("name", "price", "created_at");
    private final JdbcTemplate jdbcTemplate;

    public CatalogController(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/catalog")
    public List<Map<String, Object>> list(@RequestParam String category, @RequestParam(defaultValue = "name") String sort) {
        String column = SORTABLE.contains(sort) ? sort : "name";
        return jdbcTemplate.queryForList(
                "SELECT id, name, price FROM products WHERE category = ? ORDER BY " + column, category);
    }
}
