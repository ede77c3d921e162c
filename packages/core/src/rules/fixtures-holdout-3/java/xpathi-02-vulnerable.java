// Expected: CWE-643 (XPath injection), vulnerable. The category query parameter is formatted into the expression before XPath.compile, so compiling does not separate data from the query and hidden products can be listed.
package com.example.catalog.xml;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.StringJoiner;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@Path("/catalog")
public class CatalogXmlResource {

    @Inject
    CatalogDocumentProvider provider;

    @GET
    @Path("/names")
    @Produces(MediaType.TEXT_PLAIN)
    public String names(@QueryParam("category") @DefaultValue("books") String category)
            throws XPathExpressionException {
        XPath xp = XPathFactory.newInstance().newXPath();
        XPathExpression expr = xp.compile(
                String.format("//product[@category='%s' and @visible='true']/name", category));
        NodeList nodes = (NodeList) expr.evaluate(provider.current(), XPathConstants.NODESET);
        StringJoiner joiner = new StringJoiner("\n");
        for (int i = 0; i < nodes.getLength(); i++) {
            joiner.add(nodes.item(i).getTextContent());
        }
        return joiner.toString();
    }

    public interface CatalogDocumentProvider {
        Document current();
    }
}
