// Expected: CWE-89 (SQL injection), vulnerable. The X-Region header is inserted into a text-block query with formatted() and executed through a plain Statement.
package com.example.reporting;

import jakarta.annotation.Resource;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

@WebServlet("/reports/revenue")
public class RevenueReportServlet extends HttpServlet {
    private static final String QUERY = """
            SELECT r.month, SUM(r.amount) AS total
            FROM revenue r
            WHERE r.region = '%s' AND r.year = %d
            GROUP BY r.month
            ORDER BY r.month
            """;

    @Resource(name = "jdbc/reporting")
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String region = Optional.ofNullable(req.getHeader("X-Region")).orElse("EU");
        int year = Integer.parseInt(Objects.requireNonNullElse(req.getParameter("year"), "2024"));
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(QUERY.formatted(region, year))) {
            resp.setContentType("text/csv");
            PrintWriter out = resp.getWriter();
            out.println("month,total");
            while (rs.next()) {
                out.printf("%d,%s%n", rs.getInt("month"), rs.getBigDecimal("total"));
            }
        } catch (SQLException e) {
            throw new ServletException("revenue query failed", e);
        }
    }
}
