// Expected: CWE-89 (SQL injection), vulnerable. Servlet parameter appended through a StringBuilder into Statement.executeQuery.
package com.example.hr;

import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

@WebServlet("/employees")
public class EmployeeLookupServlet extends HttpServlet {
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String dept = req.getParameter("department");
        StringBuilder sql = new StringBuilder("SELECT first_name, last_name FROM employees");
        if (dept != null && !dept.isEmpty()) {
            sql.append(" WHERE department = '").append(dept).append("'");
        }
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        try (Connection conn = dataSource.getConnection();
             Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                out.println(rs.getString(1) + " " + rs.getString(2));
            }
        } catch (SQLException e) {
            throw new ServletException("lookup failed", e);
        }
    }
}
