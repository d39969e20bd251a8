using Approval.Core.Tasks;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages;

/// <summary>The signed-in user's open tasks, soonest due first (the full inbox comes with the UI issue).</summary>
[Authorize]
public sealed class IndexModel(CurrentUser current, TaskQueries queries, TimeProvider clock) : PageModel
{
    public TaskPage Tasks { get; private set; } = new([], 0, 1, 50);
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync() => Tasks = await queries.ListAsync(await current.GetAsync(), new TaskFilter());
}
