/**
 * The page's one script, inline (its hash is in the page's Content-Security-Policy). Conveniences only: everything
 * reads without it. It adds buttons that open or close every folded response, and, while the pointer is over a
 * server's evidence row or response, marks everything else on the page from the same server address. It reads
 * attributes and toggles classes; it never writes text or markup from the trace, and fetches nothing.
 */
export const PAGE_SCRIPT = `
(function () {
	var toolbar = document.getElementById('toolbar');
	function button(label, open) {
		var element = document.createElement('button');
		element.type = 'button';
		element.textContent = label;
		element.addEventListener('click', function () {
			document.querySelectorAll('details').forEach(function (details) { details.open = open; });
		});
		toolbar.appendChild(element);
	}
	button('Expand all', true);
	button('Collapse all', false);
	function mark(server, on) {
		document.querySelectorAll('[data-server]').forEach(function (element) {
			if (element.getAttribute('data-server') === server) element.classList.toggle('highlighted', on);
		});
	}
	document.querySelectorAll('[data-server]').forEach(function (element) {
		var server = element.getAttribute('data-server');
		element.addEventListener('mouseenter', function () { mark(server, true); });
		element.addEventListener('mouseleave', function () { mark(server, false); });
	});
})();
`;
