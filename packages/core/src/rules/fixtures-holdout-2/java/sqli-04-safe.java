// Expected: CWE-89 (SQL injection), safe. The status is a bound named parameter and the sort key only selects a constant ORDER BY expression from a fixed map (unknown keys fall back to a default), so no request text is spliced into the SQL.
package com.example.orders;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ShipmentReportController {
    private static final String REPORT_SQL = """
            SELECT s.id, s.shipped_at, s.carrier, s.tracking_no
              FROM shipments s
             WHERE s.status = :status
             ORDER BY %s
             LIMIT :limit
            """;
    private static final Map<String, String> SORTS = Map.of(
            "newest", "s.shipped_at DESC",
            "oldest", "s.shipped_at ASC",
            "carrier", "s.carrier ASC, s.shipped_at DESC");

    private final NamedParameterJdbcTemplate jdbc;

    public ShipmentReportController(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/reports/shipments")
    public List<Map<String, Object>> report(
            @RequestParam(defaultValue = "IN_TRANSIT") String status,
            @RequestParam(defaultValue = "newest") String sort,
            @RequestParam(defaultValue = "50") int limit) {
        String orderBy = SORTS.getOrDefault(sort, SORTS.get("newest"));
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("status", status)
                .addValue("limit", Math.min(limit, 500));
        return jdbc.queryForList(REPORT_SQL.formatted(orderBy), params);
    }
}
