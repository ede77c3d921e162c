// Expected: CWE-89 (SQL injection), safe. User input bound as a PreparedStatement parameter; only constants are concatenated.
package com.example.hr;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

public class SalaryServlet extends HttpServlet {
    private static final String TABLE = "salaries";
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String employeeId = req.getParameter("id");
        String sql = "SELECT amount FROM " + TABLE + " WHERE employee_id = ?";
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, employeeId);
            try (ResultSet rs = ps.executeQuery()) {
                resp.setContentType("text/plain");
                resp.getWriter().print(rs.next() ? rs.getBigDecimal(1).toPlainString() : "0");
            }
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
