// Expected: CWE-78 (OS command injection), safe. The request only selects which fixed command runs (switch over constants).
package com.example.ops;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class MaintenanceServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String task = request.getParameter("task");
        String[] command;
        switch (task == null ? "" : task) {
            case "rotate":
                command = new String[] {"logrotate", "/etc/logrotate.d/app"};
                break;
            case "vacuum":
                command = new String[] {"vacuumdb", "--all", "--analyze"};
                break;
            default:
                response.sendError(400, "unknown task");
                return;
        }
        Runtime.getRuntime().exec(command);
        response.setStatus(202);
    }
}
