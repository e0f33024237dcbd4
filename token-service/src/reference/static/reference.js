/**
 * Starts Swagger UI on the reference page. A file rather than an inline script, so the page's CSP can
 * stay `script-src 'self'`; the page names the OpenAPI document in `data-openapi-url`.
 */
(() => {
  const root = document.getElementById('reference');
  const { SwaggerUIBundle } = window;
  if (!root || !SwaggerUIBundle) return;

  /** "Bearer token (JWT)", "API key in header X-Key", ... for one security scheme. */
  function describeScheme(scheme) {
    if (!scheme) return 'undeclared scheme';
    const type = scheme.type;
    if (type === 'http' && String(scheme.scheme).toLowerCase() === 'bearer') {
      return scheme.bearerFormat ? `Bearer token (${scheme.bearerFormat})` : 'Bearer token';
    }
    if (type === 'http') return `HTTP ${scheme.scheme} authentication`;
    if (type === 'apiKey') return `API key in ${scheme.in} ${scheme.name}`;
    if (type === 'oauth2') return 'OAuth 2';
    if (type === 'openIdConnect') return 'OpenID Connect';
    return String(type);
  }

  /**
   * Writes each operation's security requirement under its summary row. Swagger UI itself shows only
   * a lock icon, which says that a credential is needed but not which one.
   */
  function SecurityRequirementPlugin() {
    return {
      wrapComponents: {
        OperationSummary: (Original, system) =>
          function OperationSummaryWithSecurity(props) {
            const h = system.React.createElement;
            const Markdown = system.getComponent('Markdown', true);
            const fromOperation = props.operationProps.get('security');
            const requirements = (fromOperation ?? system.specSelectors.security())?.toJS() ?? [];
            const schemes = system.specSelectors.securityDefinitions()?.toJS() ?? {};

            const alternatives = requirements.map((requirement) => Object.keys(requirement));
            const items = alternatives.length === 0 || alternatives.some((names) => names.length === 0) ? [[]] : [];
            for (const names of alternatives) if (names.length > 0) items.push(names);

            const describe = (names, index) =>
              h(
                'li',
                { key: index },
                names.length === 0
                  ? h('span', null, 'None')
                  : names.map((name) =>
                      h(
                        'span',
                        { key: name, className: 'reference-security__scheme' },
                        h('code', null, name),
                        ` ${describeScheme(schemes[name])}`,
                        schemes[name]?.description ? h(Markdown, { source: schemes[name].description }) : null,
                      ),
                    ),
              );

            return h(
              system.React.Fragment,
              null,
              h(Original, props),
              h(
                'div',
                { className: 'reference-security' },
                h('span', { className: 'reference-security__label' }, 'Authorization'),
                h('ul', null, items.map(describe)),
              ),
            );
          },
      },
    };
  }

  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [SecurityRequirementPlugin],
    layout: 'BaseLayout',
    deepLinking: true,
    // Operations listed closed, each opened with a click (or a deep link): this service's document
    // with every operation open took Chromium about 30 s to render, closed about 1 s. An open
    // operation shows its request and response schemas as schemas.
    docExpansion: 'list',
    defaultModelRendering: 'model',
    defaultModelExpandDepth: 3,
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    // BaseLayout shows no validator badge today; should a layout show it, the default would load an
    // <img> from validator.swagger.io carrying the document's URL (pages not served from localhost).
    validatorUrl: 'none',
    // Never let the query string point the page at another document or configuration.
    queryConfigEnabled: false,
    // Tokens typed into Authorize stay in memory, not in localStorage.
    persistAuthorization: false,
  });
})();
