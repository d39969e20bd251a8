using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Engine.Tests;

public sealed class InMemoryRuntimeScenarios : RuntimeScenarios
{
    protected override IWorkflowStore CreateStore() => new InMemoryWorkflowStore();
}
