"""A small X window for the keyboard tests: a text box with a known title and the focus.

    python3 text-window.py TITLE OUTPUT_FILE

Prints "ready" once it is mapped and has the keyboard focus. Ctrl+D writes what was typed to
OUTPUT_FILE (UTF-8) and closes the window: a chord the window reacts to.
"""

import sys
import tkinter

title, output = sys.argv[1], sys.argv[2]
root = tkinter.Tk()
root.title(title)
text = tkinter.Text(root, width=60, height=5)
text.pack()


def save_and_quit(_event=None):
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(text.get("1.0", "end-1c"))
    root.destroy()
    return "break"


def ready():
    # No window manager under Xvfb: the window takes the input focus itself.
    root.focus_force()
    text.focus_force()
    root.update()
    print("ready", flush=True)


text.bind("<Control-d>", save_and_quit)
root.after(200, ready)
root.mainloop()
