using System.Data.Common;
using Approval.Engine.Execution;

namespace Approval.Core.Workflow;

/// <summary>
/// The database transaction of the step a service task runs in. Domain handlers (ledger, quotas, votes) write
/// through it, so their rows commit with the workflow's move, or not at all.
/// </summary>
public interface IStepTransaction
{
    DbConnection Connection { get; }
    DbTransaction Transaction { get; }
}

public static class ServiceTaskContextExtensions
{
    public static IStepTransaction Transaction(this ServiceTaskContext context) =>
        context.Host as IStepTransaction
        ?? throw new InvalidOperationException($"Service task '{context.ElementId}' runs outside a database transaction.");
}
