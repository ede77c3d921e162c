// Expected: CWE-89 (SQL injection), safe. Ids from the comma-separated parameter are parsed to Long and, with the optional carrier, bound as named parameters via NamedParameterJdbcTemplate.
package com.example.shipping;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ShipmentLookupController {
    private final ShipmentDao dao;

    public ShipmentLookupController(ShipmentDao dao) {
        this.dao = dao;
    }

    @GetMapping("/api/shipments")
    public List<Map<String, Object>> byIds(@RequestParam("ids") String ids,
            @RequestParam(value = "carrier", required = false) String carrier) {
        List<Long> parsed = Arrays.stream(ids.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Long::valueOf)
                .limit(100)
                .collect(Collectors.toList());
        return parsed.isEmpty() ? List.of() : dao.find(parsed, Optional.ofNullable(carrier));
    }

    @Repository
    public static class ShipmentDao {
        private final NamedParameterJdbcTemplate jdbc;

        public ShipmentDao(NamedParameterJdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        List<Map<String, Object>> find(List<Long> ids, Optional<String> carrier) {
            StringBuilder sql = new StringBuilder("SELECT id, carrier, status FROM shipments WHERE id IN (:ids)");
            MapSqlParameterSource params = new MapSqlParameterSource("ids", ids);
            carrier.ifPresent(c -> {
                sql.append(" AND carrier = :carrier");
                params.addValue("carrier", c);
            });
            return jdbc.queryForList(sql.toString(), params);
        }
    }
}
