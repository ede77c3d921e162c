// Expected: CWE-643 (XPath injection), safe. The title is turned into a proper XPath string literal (choosing the quote, or concat() when it holds both), so it cannot end the literal.
package com.example.library;

import java.util.ArrayList;
import java.util.List;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@RestController
public class BookSearchController {
    private final Document catalog;

    public BookSearchController(Document catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/books/by-title")
    public List<String> byTitle(@RequestParam String title) throws XPathExpressionException {
        String expression = "/library/book[title = " + xpathLiteral(title) + "]/isbn";
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(expression, catalog, XPathConstants.NODESET);
        List<String> isbns = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            isbns.add(nodes.item(i).getTextContent());
        }
        return isbns;
    }

    /** XPath 1.0 has no escape sequences: quote with whichever quote is absent, or split on ' and concat(). */
    static String xpathLiteral(String value) {
        if (value.indexOf('\'') < 0) {
            return "'" + value + "'";
        }
        if (value.indexOf('"') < 0) {
            return "\"" + value + "\"";
        }
        StringBuilder out = new StringBuilder("concat(");
        String[] parts = value.split("'", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.append(", \"'\", ");
            }
            out.append('\'').append(parts[i]).append('\'');
        }
        return out.append(')').toString();
    }
}
