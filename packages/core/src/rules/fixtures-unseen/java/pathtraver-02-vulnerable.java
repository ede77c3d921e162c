// Expected: CWE-22 (path traversal), vulnerable. Multipart/form field becomes a java.io.File path written with FileOutputStream.
package com.example.files;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class UploadServlet extends HttpServlet {
    private static final String UPLOAD_DIR = "/var/uploads/";

    @Override
    protected void doPut(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String fileName = req.getParameter("filename");
        File target = new File(UPLOAD_DIR + fileName);
        try (InputStream in = req.getInputStream(); OutputStream out = new FileOutputStream(target)) {
            in.transferTo(out);
        }
        resp.setStatus(201);
    }
}
