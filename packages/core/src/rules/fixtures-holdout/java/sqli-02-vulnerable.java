// Expected: CWE-89 (SQL injection), vulnerable. The direction is reduced to ASC/DESC by a ternary, but the sort column goes into ORDER BY through String.format unchecked.
package com.example.inventory;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class StockController {
    private static final String LIST_SQL =
            "SELECT sku, title, quantity, warehouse FROM stock WHERE warehouse = ? ORDER BY %s %s LIMIT 200";

    private final JdbcTemplate jdbcTemplate;

    public StockController(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    @GetMapping("/stock")
    public List<Map<String, Object>> list(
            @RequestParam String warehouse,
            @RequestParam(defaultValue = "sku") String sortBy,
            @RequestParam(defaultValue = "asc") String order) {
        String direction = "desc".equalsIgnoreCase(order) ? "DESC" : "ASC";
        String sql = String.format(LIST_SQL, sortBy, direction);
        return jdbcTemplate.queryForList(sql, warehouse);
    }
}
