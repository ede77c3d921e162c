// Expected: CWE-79 (cross-site scripting), safe. The comment author and every body line are HTML-escaped with Spring HtmlUtils.htmlEscape before being placed in element content of the text/html preview.
package com.example.comments;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

@RestController
public class CommentPreviewController {

    public record CommentDraft(String author, String body) {}

    @PostMapping(value = "/comments/preview",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    public String preview(@RequestBody CommentDraft draft) {
        String author = HtmlUtils.htmlEscape(Objects.requireNonNullElse(draft.author(), "anonymous"));
        String body = Arrays.stream(Objects.requireNonNullElse(draft.body(), "").split("\\R"))
                .map(HtmlUtils::htmlEscape)
                .map(line -> "<p>" + line + "</p>")
                .collect(Collectors.joining("\n"));
        return "<article class=\"comment-preview\"><header>" + author + "</header>\n" + body + "\n</article>";
    }
}
