// Expected: CWE-89 (SQL injection), vulnerable. Although the status filter is a bound named parameter, the sort request parameter is spliced into the ORDER BY clause of a text block via formatted(), allowing injected SQL.
package com.example.orders;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderReportController {
    private static final String REPORT_SQL = """
            SELECT o.id, o.placed_at, o.total, c.email
              FROM orders o
              JOIN customers c ON c.id = o.customer_id
             WHERE o.status = :status
             ORDER BY %s
             LIMIT :limit
            """;

    private final NamedParameterJdbcTemplate jdbc;

    public OrderReportController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/reports/orders")
    public List<Map<String, Object>> report(
            @RequestParam(defaultValue = "PAID") String status,
            @RequestParam(defaultValue = "o.placed_at DESC") String sort,
            @RequestParam(defaultValue = "50") int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("status", status)
                .addValue("limit", Math.min(limit, 500));
        return jdbc.queryForList(REPORT_SQL.formatted(sort), params);
    }
}
