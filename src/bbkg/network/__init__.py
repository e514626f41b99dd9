"""Stage 5, network: the partnership network as a networkx graph, and its metrics.

``graph`` builds the network from any store through SPARQL (organisations as nodes; partnerships,
spin-offs, memberships and acquisitions as edges); ``selection`` keeps a region, a kind or an ego
network; ``metrics`` measures it (degree, betweenness, communities, brokers) and returns plain data;
``history`` restricts it to a date (or year by year, for the time slider) and ``evolution`` says what
changed between two dates or releases and which metrics moved.
Nothing here draws: drawing is :mod:`bbkg.render`.
"""
