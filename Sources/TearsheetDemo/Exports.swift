// Module `TearsheetDemo`: seeded generators of example and synthetic books.
@_exported import TearsheetCore
