using System.Reflection;
using Approval.Engine.Runtime;

namespace Approval.Web.Tests;

/// <summary>
/// The layers issue 16 §1 asks for, checked on the built assemblies: the web layer holds no SQL (no data-access
/// library is referenced by it: each table is read and written by its store in Core), and the host cannot reach the
/// runtime's store (every write goes through a runtime operation, with its history and outbox).
/// </summary>
public sealed class LayeringTests
{
    [Fact(DisplayName = "Pages and API handlers hold no SQL: the web assembly references no data-access library")]
    public void TheWebLayer_ReferencesNoDataAccessLibrary()
    {
        var referenced = typeof(Program).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.Contains("Approval.Core", referenced); // the check reads real references
        Assert.DoesNotContain("Dapper", referenced);
        Assert.DoesNotContain("Npgsql", referenced);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", referenced);
    }

    [Fact(DisplayName = "The runtime's store is not public: the host reads through WorkflowRuntime.ReadAsync")]
    public void TheRuntimeStore_IsNotPublic()
    {
        var exposing = typeof(WorkflowRuntime).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m switch
            {
                PropertyInfo p => typeof(IWorkflowStore).IsAssignableFrom(p.PropertyType) || typeof(IWorkflowSession).IsAssignableFrom(p.PropertyType),
                FieldInfo f => typeof(IWorkflowStore).IsAssignableFrom(f.FieldType),
                MethodInfo me => typeof(IWorkflowStore).IsAssignableFrom(me.ReturnType),
                _ => false,
            }).Select(m => m.Name).ToList();
        Assert.Empty(exposing);
        Assert.NotNull(typeof(WorkflowRuntime).GetProperty("Store", BindingFlags.NonPublic | BindingFlags.Instance));
    }
}
