// Expected: CWE-89 (SQL injection), vulnerable. Spring @RequestParam concatenated into a JdbcTemplate query via a helper.
package com.example.shop;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ProductSearchController {
    private final JdbcTemplate jdbc;

    public ProductSearchController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/products/search")
    public List<Map<String, Object>> search(@RequestParam("q") String query,
                                            @RequestParam(value = "sort", defaultValue = "name") String sort) {
        String where = buildFilter(query);
        return jdbc.queryForList("SELECT id, name, price FROM products WHERE " + where + " ORDER BY name");
    }

    private String buildFilter(String term) {
        return "name LIKE '%" + term.trim() + "%'";
    }
}
