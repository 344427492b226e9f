"""Choose whose portal to preview: any account or contact, searchable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from wipboard.tui.kit.markup import literal
from wipboard.tui.kit.screen import WipboardModal
from wipboard.tui.kit.widgets.lists import ChoiceList


class ClientPicker(WipboardModal[str]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="client_cancel")]

    def compose(self) -> ComposeResult:
        snapshot = self.session.snapshot()
        self.choices = [(f"{literal(account.name)}  [dim]account[/]", account.name) for account in snapshot.accounts.values()]
        self.choices += [(f"{literal(contact.name)} ({contact.login})  [dim]contact[/]", contact.login) for contact in snapshot.contacts.values()]
        self.choices.sort(key=lambda choice: choice[0].casefold())
        with Vertical(classes="dialog"):
            yield Label("Preview the portal of…", classes="title")
            yield Input(placeholder="type to search", id="search")
            yield ChoiceList(*(Option(label, id=ref) for label, ref in self.choices), id="clients")

    def on_input_changed(self, event: Input.Changed) -> None:
        needle = event.value.casefold()
        clients = self.query_one("#clients", OptionList)
        clients.clear_options()
        clients.add_options(Option(label, id=ref) for label, ref in self.choices if needle in label.casefold())

    def on_input_submitted(self) -> None:
        clients = self.query_one("#clients", OptionList)
        if clients.option_count:
            self.dismiss(clients.get_option_at_index(clients.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
