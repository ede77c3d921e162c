// Expected: CWE-79 (cross-site scripting), vulnerable. Tag parameters are joined into an HTML list with a stream and returned as a text/html @ResponseBody unescaped.
package com.example.blog;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

@Controller
public class TagFilterController {

    @GetMapping(value = "/posts/filter", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String filter(@RequestParam("tag") List<String> tags) {
        String chips = tags.stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(t -> "<li class=\"chip\">" + t + "</li>")
                .collect(Collectors.joining("\n", "<ul class=\"chips\">\n", "\n</ul>"));
        return "<section><h3>Filtering by</h3>" + chips + "</section>";
    }
}
