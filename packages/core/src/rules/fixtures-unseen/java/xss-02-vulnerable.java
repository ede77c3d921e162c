// Expected: CWE-79 (cross-site scripting), vulnerable. Spring handler returns user input unescaped as an HTML @ResponseBody.
package com.example.web;

import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import java.io.IOException;

@Controller
public class SearchPageController {

    @GetMapping("/search")
    public void results(@RequestParam("term") String term, HttpServletResponse response) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<html><body><h1>Results for ");
        html.append(term);
        html.append("</h1><p>No matches.</p></body></html>");
        response.setContentType("text/html");
        response.getWriter().print(html.toString());
    }
}
