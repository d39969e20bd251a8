using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Approval.Web.Tests.Browser;

/// <summary>What a person does in the browser walks: open a task from the inbox, press an outcome, move the demo clock.</summary>
public static class WalkSteps
{
    /// <summary>Sets up what a walk needs through the API (as an administrator's import would): posts and returns the new id.</summary>
    public static async Task<string> PostAsync(HttpClient api, string url, object body)
    {
        var response = await api.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Starts this year's 双十星 campaign over <paramref name="county"/> and confirms its stars, as the administrator.</summary>
    public static async Task StartDoubleTenAsync(HttpClient api, string county)
    {
        await PostAsync(api, "/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = county });
        var confirm = JsonDocument.Parse(await api.GetStringAsync("/api/tasks?pageSize=50")).RootElement.EnumerateArray()
            .Single(t => t.GetProperty("elementId").GetString() == "confirm-stars").GetProperty("id").GetString();
        var confirmed = await api.PostAsync($"/api/tasks/{confirm}/complete", JsonContent.Create(new { outcome = "confirm" }));
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
    }

    /// <summary>A branch secretary pledges the first star with one deed and submits.</summary>
    public static async Task PledgeAsync(IPage secretary, string branch, string deeds)
    {
        await OpenTaskAsync(secretary, "pledge", "公开承诺", branch);
        await secretary.Locator("input[name=stars]").First.CheckAsync();
        await secretary.FillAsync("#measures", "建强村党支部班子");
        await secretary.FillAsync("#deeds", deeds);
        await SubmitAsync(secretary, "submit");
    }

    /// <summary>Opens the first task of a step from the inbox (filtered by step and organization), by its name.</summary>
    public static async Task OpenTaskAsync(IPage page, string step, string name, string? org = null)
    {
        await page.GotoAsync($"/inbox?step={step}" + (org is null ? "" : $"&org={org}"));
        var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First;
        if (await link.CountAsync() == 0)
        {
            await page.GotoAsync("/inbox");
            Assert.Fail($"No '{name}' task at step {step} in this user's inbox, which holds:\n{await page.InnerTextAsync("#tasks").ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "nothing")}");
        }
        await link.ClickAsync();
        // As SubmitAsync and the sign-in wait: right after the clock fires a year-end's timers, the first page on a
        // loaded two-core machine once took over 20 s to load (the walk passes alone).
        await page.WaitForURLAsync("**/tasks/**", new() { Timeout = 60_000 });
    }

    /// <summary>Presses an outcome button and expects the inbox back; a refused form fails the test with its errors.</summary>
    public static async Task SubmitAsync(IPage page, string outcome)
    {
        await page.ClickAsync($"#task-form button[name=outcome][value={outcome}]");
        try { await page.WaitForURLAsync("**/inbox", new() { Timeout = 60_000 }); }
        catch (TimeoutException)
        {
            await BrowserSession.ScreenshotAsync(page, "failed-" + outcome);
            var errors = (await page.Locator(".field-error, p.error").AllInnerTextsAsync()).ToList();
            await File.WriteAllTextAsync(Path.Combine(BrowserSession.ScreenshotDir, "failed.html"), await page.ContentAsync());
            Assert.Fail($"The form was not accepted at {page.Url}: {string.Join("; ", errors)}\n{await page.InnerTextAsync("main")}");
        }
    }

    public static async Task CompleteAsync(IPage page, string step, string name, string outcome, string? org = null)
    {
        await OpenTaskAsync(page, step, name, org);
        await SubmitAsync(page, outcome);
    }

    /// <summary>发起测评 from the open 民主测评 task: the vote's page opens; returns its address.</summary>
    public static async Task<string> CallVoteAsync(IPage secretary, string mode)
    {
        await secretary.SelectOptionAsync("#voteMode", mode);
        await secretary.ClickAsync("#call-vote-button");
        await secretary.WaitForURLAsync("**/votes/**");
        return new Uri(secretary.Url).AbsolutePath;
    }

    /// <summary>An eligible member casts a secret ballot: <paramref name="choice"/> per question (star key), approve unless it says otherwise.</summary>
    public static async Task CastBallotAsync(IPage voter, string vote, Func<string, string>? choice = null)
    {
        await voter.GotoAsync(vote);
        foreach (var radio in await voter.Locator("input[type=radio][value=approve]").AllAsync())
        {
            var star = (await radio.GetAttributeAsync("name"))!["choice.".Length..];
            await voter.CheckAsync($"input[type=radio][name='choice.{star}'][value={choice?.Invoke(star) ?? "approve"}]");
        }
        await voter.ClickAsync("form[action*=Cast] button[type=submit]");
        await Assertions.Expect(voter.Locator("p.ok")).ToContainTextAsync("已投票");
    }

    /// <summary>A teller enters their own count on the vote's page: <paramref name="count"/> gives (for, against, abstain) per question.</summary>
    public static async Task EnterCountAsync(IPage teller, string vote, Func<string, (int For, int Against, int Abstain)> count)
    {
        await teller.GotoAsync(vote);
        foreach (var input in await teller.Locator("#teller-form input[name$='.approve']").AllAsync())
        {
            var star = (await input.GetAttributeAsync("name"))!["counts.".Length..^".approve".Length];
            var (yes, no, abstain) = count(star);
            await teller.FillAsync($"#teller-form input[name='counts.{star}.approve']", yes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await teller.FillAsync($"#teller-form input[name='counts.{star}.disapprove']", no.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await teller.FillAsync($"#teller-form input[name='counts.{star}.abstain']", abstain.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await teller.ClickAsync("#teller-form button[type=submit]");
        await Assertions.Expect(teller.Locator("p.ok")).ToContainTextAsync("计数已录入");
    }

    public static async Task MoveClockAsync(IPage admin, string to)
    {
        await admin.GotoAsync("/clock");
        await admin.FillAsync("#To", to);
        await admin.ClickAsync("#clock-to button[type=submit]");
        // Moving fires every timer on the way, which can take a while on a busy machine.
        try { await admin.Locator("p.ok, p.error").First.WaitForAsync(new() { Timeout = 120_000 }); }
        catch (TimeoutException) { Assert.Fail($"Moving the clock to {to} gave no answer at {admin.Url}:\n{await admin.InnerTextAsync("body")}"); }
        Assert.True(await admin.Locator("p.ok").CountAsync() == 1, $"The clock did not move to {to}: {await admin.InnerTextAsync("main")}");
    }
}
