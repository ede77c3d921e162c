// Expected: CWE-643 (XPath injection), vulnerable. The X-Catalog-Category header flows through Optional.map into String.format and XPath.compile, letting a client alter the query (e.g. "x' or '1'='1") to enumerate hidden products.
package com.example.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@RestController
public class XmlCatalogController {
    private final Document catalog;

    public XmlCatalogController(Document catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/xml-catalog/products")
    public List<String> products(@RequestHeader(value = "X-Catalog-Category", required = false) String header)
            throws XPathExpressionException {
        String category = Optional.ofNullable(header).map(String::trim).orElse("books");
        XPath xpath = XPathFactory.newInstance().newXPath();
        XPathExpression expr = xpath.compile(
                String.format("/catalog/product[@hidden='false' and category='%s']/name", category));
        NodeList nodes = (NodeList) expr.evaluate(catalog, XPathConstants.NODESET);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            names.add(nodes.item(i).getTextContent());
        }
        return names;
    }
}
