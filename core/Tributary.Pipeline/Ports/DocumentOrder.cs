namespace Tributary.Pipeline.Ports;

/// <summary>
/// The order of a document query: one top-level property (a plain identifier), largest first when <paramref name="Descending"/>.
/// One property only, so Cosmos DB serves it from its default range index without a composite index; documents with the
/// property null sort last when descending, and documents without it are left out (as Cosmos does).
/// </summary>
public sealed record DocumentOrder(string Property, bool Descending);
