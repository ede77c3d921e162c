// Expected: CWE-22 (path traversal), vulnerable. The invoice request parameter is joined to the base directory with new File(parent, child) and streamed back, so "../../etc/passwd" escapes the invoices folder.
package com.example.invoices;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

@WebServlet("/invoices/download")
public class InvoiceDownloadServlet extends HttpServlet {
    private File invoiceDir;

    @Override
    public void init() {
        invoiceDir = new File(getServletContext().getInitParameter("invoice.dir"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("invoice");
        if (name == null || name.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        File pdf = locate(name);
        if (!pdf.isFile()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        resp.setContentType("application/pdf");
        resp.setHeader("Content-Disposition", "attachment; filename=\"invoice.pdf\"");
        try (InputStream in = new FileInputStream(pdf); ServletOutputStream out = resp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private File locate(String invoiceName) {
        return new File(invoiceDir, invoiceName);
    }
}
