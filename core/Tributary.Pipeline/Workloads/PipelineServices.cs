using Tributary.Pipeline.Ports;

namespace Tributary.Pipeline.Workloads;

/// <summary>The ports workloads and the pipeline's own activities use.</summary>
public sealed record PipelineServices(IBlobStore Blobs, IDocumentStore Documents, IRunEventPublisher Events, TimeProvider Time);
