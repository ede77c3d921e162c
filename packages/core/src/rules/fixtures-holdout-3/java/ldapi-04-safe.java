// Expected: CWE-90 (LDAP injection), safe. The mail parameter is passed as filter argument {0} to DirContext.search, which escapes it according to RFC 4515.
package com.example.mail;

import java.io.IOException;
import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class MailboxOwnerServlet extends HttpServlet {
    private static final String BASE = "ou=mailboxes,dc=corp,dc=local";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String mail = req.getParameter("mail");
        if (mail == null || mail.length() > 254) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, getServletContext().getInitParameter("ldap.url"));
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.ONELEVEL_SCOPE);
        controls.setReturningAttributes(new String[] {"owner"});
        try {
            DirContext ctx = new InitialDirContext(env);
            try {
                NamingEnumeration<SearchResult> results = ctx.search(
                        BASE, "(&(objectClass=mailRecipient)(mail={0}))", new Object[] {mail}, controls);
                resp.setContentType("text/plain;charset=UTF-8");
                while (results.hasMore()) {
                    resp.getWriter().println(results.next().getAttributes().get("owner").get());
                }
            } finally {
                ctx.close();
            }
        } catch (NamingException e) {
            throw new ServletException("directory lookup failed", e);
        }
    }
}
