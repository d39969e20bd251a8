using Approval.Core;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Approval.Web.Pages;

/// <summary>
/// 日历订阅: issues the signed-in user a calendar-feed address (.ics) with the due dates of their open tasks. The
/// address is shown once; asking again replaces it, so a leaked link can be revoked.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class CalendarModel(CurrentUser current, UserStore users, IOptions<Approval.Core.Configuration.PublicUrlOptions> options) : PageModel
{
    public string? FeedUrl { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await current.GetAsync();
        var token = await users.IssueCalendarTokenAsync(user.Id);
        FeedUrl = $"{options.Value.PublicUrl.TrimEnd('/')}/calendar/{token}.ics";
        return Page();
    }
}
