// Expected: CWE-89 (SQL injection), safe. The search term is bound with PreparedStatement.setString and the ORDER BY column comes from a switch that only yields constant column names.
package com.example.catalog;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

@Path("/products")
public class ProductQueryResource {

    public static class SearchParams {
        @QueryParam("q") public String term;
        @QueryParam("order") @DefaultValue("name") public String order;
        @QueryParam("desc") public boolean descending;
    }

    @Inject
    DataSource dataSource;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> search(@BeanParam SearchParams params) throws SQLException {
        String column = switch (params.order) {
            case "price" -> "p.price";
            case "rating" -> "p.avg_rating";
            default -> "p.name";
        };
        String sql = "SELECT p.name FROM products p WHERE p.name ILIKE ? ORDER BY " + column
                + (params.descending ? " DESC" : " ASC") + " LIMIT 50";
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, "%" + Objects.requireNonNullElse(params.term, "") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
