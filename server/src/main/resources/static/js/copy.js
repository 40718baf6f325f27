// Copies the code shown on the manual callback page.
document.getElementById('copy').addEventListener('click', function () {
  var text = document.getElementById(this.dataset.target).textContent;
  navigator.clipboard.writeText(text).then(function () {
    document.getElementById('copied').hidden = false;
  });
});
