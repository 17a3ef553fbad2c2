namespace TypedAmqp.Integration.Clusters;

/// <summary>
/// The cluster tests share the two clusters, and the chaos tests kill and restart their nodes, so they run one after
/// the other (beside the other collections).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection
{
    public const string Name = "clusters";
}
