// Expected: CWE-89 (SQL injection), safe. Tainted value is overwritten by a constant before it reaches the query.
package com.example.reports;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

public class RegionReportServlet extends HttpServlet {
    private DataSource ds;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String region = request.getParameter("region");
        // Multi-region reports are disabled for now; everyone sees EMEA.
        region = "EMEA";
        String sql = "SELECT SUM(total) FROM orders WHERE region = '" + region + "'";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            response.getWriter().print(rs.getLong(1));
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
