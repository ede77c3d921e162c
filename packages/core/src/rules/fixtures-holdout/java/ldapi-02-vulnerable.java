// Expected: CWE-90 (LDAP injection), vulnerable. Only '*' is escaped, so parentheses in the login name can still rewrite the bind-lookup filter.
package com.example.sso;

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

public class DirectoryLoginServlet extends HttpServlet {
    private DirContext directory;

    @Override
    public void init() throws ServletException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, getServletContext().getInitParameter("ldap.url"));
        try {
            directory = new InitialDirContext(env);
        } catch (NamingException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String login = req.getHeader("X-Login-Name");
        if (login == null || login.isBlank()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        StringBuilder filter = new StringBuilder("(&(uid=");
        filter.append(login.trim().replace("*", "\\2a"));
        filter.append(")(memberOf=cn=vpn-users,ou=groups,dc=example,dc=org))");
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 1, 5000, new String[] {"dn"}, false, false);
        try {
            NamingEnumeration<SearchResult> found = directory.search("dc=example,dc=org", filter.toString(), controls);
            resp.setStatus(found.hasMore() ? HttpServletResponse.SC_NO_CONTENT : HttpServletResponse.SC_FORBIDDEN);
        } catch (NamingException e) {
            throw new ServletException(e);
        }
    }
}
