using Tributary.Pipeline.Workloads;

namespace Tributary.Pipeline.Hosting;

/// <summary>What a host records when an activity attempt begins (serve's execution journal); register one to be told.</summary>
public sealed record ActivityStartRecorder(Action<ActivityStart> Record);
