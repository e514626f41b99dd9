"""Remote SPARQL 1.1 endpoints, split by concern.

``endpoint`` describes an endpoint (URLs, credentials, timeouts from options or the environment);
``http`` sends requests and turns HTTP failures into :class:`~bbkg.errors.EndpointError` with fields;
``client`` is the :class:`RemoteStore` (queries through SPARQLWrapper, loading through the Graph Store
Protocol); ``push`` replaces the graphs on a server, staged and swapped.
"""
