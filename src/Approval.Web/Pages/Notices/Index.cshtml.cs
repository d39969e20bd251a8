using Approval.Core.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Notices;

/// <summary>公示栏: the public board, no sign-in. Current notices (open for objections) or past ones, searchable.</summary>
[AllowAnonymous]
public sealed class IndexModel(NoticeStore notices, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public bool Past { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Notice> Notices { get; private set; } = [];
    public int Total { get; private set; }
    /// <summary>More than <see cref="NoticeStore.CountCap"/>: the pager then counts pages without a last one.</summary>
    public bool TotalCapped { get; private set; }
    public bool HasNext => TotalCapped ? Notices.Count == PageSize : PageNumber < Pages;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync()
    {
        PageNumber = Math.Max(1, PageNumber);
        var search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        (Total, TotalCapped) = await notices.CountAsync(!Past, search);
        Notices = await notices.ListAsync(!Past, search, PageNumber, PageSize);
    }

    /// <summary>Whole days left until the notice closes, counting a started day as a day.</summary>
    public int DaysLeft(Notice notice) => notice.ClosesAt is { } closes ? Math.Max(0, (int)Math.Ceiling((closes - Now).TotalDays)) : 0;

    public string Link(int page) => Url.Page("/Notices/Index", new { past = Past ? "true" : null, search = Search, p = page })!;
}
