// Expected: CWE-89 (SQL injection), vulnerable. Request header stored in a Map, read back and used in Connection.prepareStatement (concatenated, so not parameterised).
package com.example.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

public class AuditTrailServlet extends HttpServlet {
    private DataSource ds;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Map<String, String> ctx = new HashMap<>();
        ctx.put("tenant", request.getHeader("X-Tenant"));
        ctx.put("action", "login");
        String tenant = ctx.get("tenant");
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE audit_log SET seen = true WHERE tenant = '" + tenant + "' AND action = ?")) {
            ps.setString(1, ctx.get("action"));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new ServletException(e);
        }
        response.setStatus(204);
    }
}
