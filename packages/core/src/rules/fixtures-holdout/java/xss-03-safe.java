// Expected: CWE-79 (cross-site scripting), safe. Every tag goes through Spring's HtmlUtils.htmlEscape in the stream before it is placed in element content.
package com.example.blog;

import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

@Controller
public class TagCloudController {

    @GetMapping(value = "/posts/cloud", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String cloud(@RequestParam("tag") List<String> tags) {
        String items = tags.stream()
                .map(String::trim)
                .filter(t -> !t.isEmpty())
                .map(HtmlUtils::htmlEscape)
                .map(t -> "<li>" + t + "</li>")
                .collect(Collectors.joining());
        return "<ul class=\"cloud\">" + items + "</ul>";
    }
}
