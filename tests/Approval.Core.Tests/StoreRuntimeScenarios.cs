using Approval.Core.Infrastructure;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Core.Tests;

public sealed class SqliteRuntimeScenarios : RuntimeScenarios, IDisposable
{
    private Action? _cleanup;

    protected override IWorkflowStore CreateStore()
    {
        (var database, _cleanup) = TestDatabases.Sqlite();
        return new DapperWorkflowStore(database);
    }

    public void Dispose() => _cleanup?.Invoke();
}

public sealed class PostgresRuntimeScenarios : RuntimeScenarios, IDisposable
{
    private Action? _cleanup;

    protected override IWorkflowStore CreateStore()
    {
        (var database, _cleanup) = TestDatabases.Postgres();
        return new DapperWorkflowStore(database);
    }

    public void Dispose() => _cleanup?.Invoke();
}
