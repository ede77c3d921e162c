// Expected: CWE-89 (SQL injection), safe. The IN list is built from "?" placeholders with a stream; every id is bound with setLong.
package com.example.catalog;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.Resource;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

public class CompareProductsServlet extends HttpServlet {
    @Resource(name = "jdbc/catalog")
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String idsParam = req.getParameter("ids");
        if (idsParam == null) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        List<String> ids = Arrays.stream(idsParam.split(",")).map(String::trim).limit(10).collect(Collectors.toList());
        String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(", "));
        String sql = "SELECT id, name, price FROM products WHERE id IN (" + placeholders + ")";
        resp.setContentType("text/csv");
        try (Connection conn = dataSource.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, Long.parseLong(ids.get(i)));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    resp.getWriter().printf("%d,%s,%s%n", rs.getLong(1), rs.getString(2).replace(",", " "), rs.getBigDecimal(3));
                }
            }
        } catch (NumberFormatException e) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "ids must be numbers");
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
